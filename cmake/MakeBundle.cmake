# cmake -P script run by the `bundle` target (cmake/Bundle.cmake): lays out OUT/NAME/ and
# writes OUT/NAME.tar.gz.
#   bin/pywarden                       static libpython, DT_RPATH $ORIGIN/../lib
#   lib/ZIP                            the stdlib compiled (no tests, IDLE, tkinter)
#   lib/PYDIR/lib-dynload/*.so         the extension modules libpython does not build in
#   lib/*.so.*                         every library those and pywarden need but glibc
#   share/pywarden/policy/*.json       the shipped policies
#   share/man/man1, man5               the man pages
set(dir ${OUT}/${NAME})
file(REMOVE_RECURSE ${dir} ${OUT}/${NAME}.tar.gz)
file(MAKE_DIRECTORY ${dir}/bin ${dir}/lib/${PYDIR}/lib-dynload ${dir}/share/pywarden/policy
     ${dir}/share/man/man1 ${dir}/share/man/man5)
file(COPY ${EXE} DESTINATION ${dir}/bin)
file(GLOB policies ${SOURCE_DIR}/policy/*.json)
file(COPY ${policies} DESTINATION ${dir}/share/pywarden/policy)
file(COPY ${SOURCE_DIR}/man/pywarden.1 DESTINATION ${dir}/share/man/man1)
file(COPY ${SOURCE_DIR}/man/pywarden-policy.5 DESTINATION ${dir}/share/man/man5)

# CPython's own test modules are no use to a sandbox; everything else comes along.
file(GLOB modules ${STDLIB}/lib-dynload/*.so)
list(FILTER modules EXCLUDE REGEX "/(_test[a-z]*|_ctypes_test|_xxtestfuzz|xxlimited[_0-9]*)\\.")
file(COPY ${modules} DESTINATION ${dir}/lib/${PYDIR}/lib-dynload)

execute_process(COMMAND ${PYTHON} -I ${SOURCE_DIR}/cmake/stdlib_zip.py ${STDLIB} ${dir}/lib/${ZIP}
                        ${STDLIB_ROOT} ${PYVER} COMMAND_ERROR_IS_FATAL ANY)

file(GET_RUNTIME_DEPENDENCIES EXECUTABLES ${EXE} LIBRARIES ${modules}
     RESOLVED_DEPENDENCIES_VAR deps UNRESOLVED_DEPENDENCIES_VAR missing
     POST_EXCLUDE_REGEXES "/(ld-linux[^/]*|libc|libm|libdl|libpthread|librt|libutil|libresolv)\\.so")
if(missing)
  message(FATAL_ERROR "bundle: unresolved libraries: ${missing}")
endif()
foreach(lib ${deps})
  if(lib MATCHES "libpython")
    message(FATAL_ERROR "bundle: ${lib} would make the bundle depend on the system's Python")
  endif()
  file(COPY ${lib} DESTINATION ${dir}/lib FOLLOW_SYMLINK_CHAIN)
endforeach()

execute_process(COMMAND ${CMAKE_COMMAND} -E tar czf ${NAME}.tar.gz ${NAME}
                WORKING_DIRECTORY ${OUT} COMMAND_ERROR_IS_FATAL ANY)
message(STATUS "bundle: ${dir} and ${OUT}/${NAME}.tar.gz")
