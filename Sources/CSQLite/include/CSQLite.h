#ifndef PARLEY_CSQLITE_H
#define PARLEY_CSQLITE_H
#include <sqlite3.h>

/// Turns off SQLite's memory statistics before initialisation. Debian's libsqlite3 keeps them on,
/// which takes a global mutex on every allocation; sqlite3_config is variadic, so Swift cannot call it.
int parley_sqlite_configure(void);

/// Binds text that SQLite must copy (SQLITE_TRANSIENT is a macro cast Swift cannot import).
int parley_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length);

#endif
