#include "CSQLite.h"

int parley_sqlite_configure(void) {
    int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (rc != SQLITE_OK && rc != SQLITE_MISUSE) return rc; /* MISUSE: already initialised, harmless */
    return sqlite3_initialize();
}

int parley_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}
