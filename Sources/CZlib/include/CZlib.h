#ifndef PARLEY_CZLIB_H
#define PARLEY_CZLIB_H
#include <zlib.h>

/// deflateInit2 is a macro over deflateInit2_ (it passes the library version and struct size),
/// which Swift cannot import; windowBits 31 selects the gzip wrapper.
int parley_gzip_init(z_stream *stream, int level);

#endif
