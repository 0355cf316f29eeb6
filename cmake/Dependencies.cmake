# Every dependency is a Debian package found through pkg-config; see README "Develop".
find_package(PkgConfig REQUIRED)
pkg_check_modules(PY REQUIRED python3-embed)
pkg_check_modules(CJSON REQUIRED libcjson)
pkg_check_modules(SECCOMP REQUIRED libseccomp)
pkg_get_variable(PY_PREFIX python3-embed prefix)
# Optional: hiredis for `pywarden worker`/`submit` (Redis Streams); without it those two
# subcommands say the build lacks them. PYWARDEN_REDIS=ON makes it required.
if(PYWARDEN_REDIS)
  pkg_check_modules(HIREDIS REQUIRED hiredis)
else()
  pkg_check_modules(HIREDIS hiredis)
endif()
find_package(Threads REQUIRED)
