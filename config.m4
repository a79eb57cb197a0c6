dnl config.m4 for the erpsync extension (sources under ext/)
dnl Build: phpize && ./configure && make

PHP_ARG_ENABLE([erpsync],
  [whether to enable the erpsync extension],
  [AS_HELP_STRING([--enable-erpsync], [Enable erpsync (WooCommerce <-> back-office sync engine)])],
  [yes])

PHP_ARG_ENABLE([erpsync-dev],
  [whether to treat compiler warnings as errors (developer build)],
  [AS_HELP_STRING([--enable-erpsync-dev], [erpsync: add -Werror to -Wall -Wextra])],
  [no], [no])

if test "$PHP_ERPSYNC" != "no"; then
  PKG_PROG_PKG_CONFIG
  if test -z "$PKG_CONFIG"; then
    AC_MSG_ERROR([pkg-config not found. On Debian: apt-get install pkg-config])
  fi

  AC_MSG_CHECKING([for libcurl >= 7.68.0])
  if $PKG_CONFIG --atleast-version=7.68.0 libcurl 2>/dev/null; then
    ERPSYNC_CURL_VERSION=`$PKG_CONFIG --modversion libcurl`
    AC_MSG_RESULT([found $ERPSYNC_CURL_VERSION])
  elif $PKG_CONFIG --exists libcurl 2>/dev/null; then
    AC_MSG_ERROR([libcurl `$PKG_CONFIG --modversion libcurl` is too old: erpsync needs 7.68.0 or newer. On Debian: apt-get install libcurl4-openssl-dev])
  else
    AC_MSG_ERROR([libcurl development files not found. On Debian: apt-get install libcurl4-openssl-dev])
  fi

  AC_MSG_CHECKING([for json-c >= 0.15])
  if $PKG_CONFIG --atleast-version=0.15 json-c 2>/dev/null; then
    ERPSYNC_JSONC_VERSION=`$PKG_CONFIG --modversion json-c`
    AC_MSG_RESULT([found $ERPSYNC_JSONC_VERSION])
  elif $PKG_CONFIG --exists json-c 2>/dev/null; then
    AC_MSG_ERROR([json-c `$PKG_CONFIG --modversion json-c` is too old: erpsync needs 0.15 or newer. On Debian: apt-get install libjson-c-dev])
  else
    AC_MSG_ERROR([json-c development files not found. On Debian: apt-get install libjson-c-dev])
  fi

  AC_MSG_CHECKING([for zlib])
  if $PKG_CONFIG --exists zlib 2>/dev/null; then
    AC_MSG_RESULT([found `$PKG_CONFIG --modversion zlib`])
  else
    AC_MSG_ERROR([zlib development files not found. On Debian: apt-get install zlib1g-dev])
  fi

  ERPSYNC_LIBS="`$PKG_CONFIG --libs libcurl json-c zlib`"
  ERPSYNC_INCL="`$PKG_CONFIG --cflags libcurl json-c zlib`"
  PHP_EVAL_LIBLINE([$ERPSYNC_LIBS], [ERPSYNC_SHARED_LIBADD])
  PHP_EVAL_INCLINE([$ERPSYNC_INCL])

  PHP_CHECK_LIBRARY([curl], [curl_multi_poll],
    [], [AC_MSG_ERROR([libcurl lacks curl_multi_poll: erpsync needs libcurl >= 7.68.0])],
    [$ERPSYNC_LIBS])
  PHP_CHECK_LIBRARY([json-c], [json_tokener_new_ex],
    [], [AC_MSG_ERROR([json-c could not be linked. On Debian: apt-get install libjson-c-dev])],
    [$ERPSYNC_LIBS])

  dnl Every .c file under ext/ and its first-level folders is part of the build.
  erpsync_sources=`cd "$srcdir" && ls ext/*.c ext/*/*.c 2>/dev/null | LC_ALL=C sort | tr '\n' ' '`
  erpsync_dirs=`cd "$srcdir" && ls -d ext/*/ 2>/dev/null | tr '\n' ' '`

  ERPSYNC_CFLAGS="-Wall -Wextra -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  if test "$PHP_ERPSYNC_DEV" = "yes"; then
    ERPSYNC_CFLAGS="$ERPSYNC_CFLAGS -Werror"
  fi

  PHP_NEW_EXTENSION([erpsync], [$erpsync_sources], [$ext_shared], , [$ERPSYNC_CFLAGS])
  for d in $erpsync_dirs; do
    PHP_ADD_BUILD_DIR([$ext_builddir/$d])
  done
  PHP_ADD_INCLUDE([$ext_srcdir/ext])
  PHP_SUBST([ERPSYNC_SHARED_LIBADD])
  AC_DEFINE_UNQUOTED([ERPSYNC_BUILT_CURL_VERSION], ["$ERPSYNC_CURL_VERSION"], [libcurl version erpsync was built against])
  AC_DEFINE_UNQUOTED([ERPSYNC_BUILT_JSONC_VERSION], ["$ERPSYNC_JSONC_VERSION"], [json-c version erpsync was built against])
fi
