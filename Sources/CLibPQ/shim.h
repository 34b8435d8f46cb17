#ifndef THIDUA_CLIBPQ_SHIM_H
#define THIDUA_CLIBPQ_SHIM_H

// Debian puts libpq-fe.h in /usr/include/postgresql; pkg-config adds that directory when it is
// installed, and the fallback covers a machine without pkg-config.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

#endif
