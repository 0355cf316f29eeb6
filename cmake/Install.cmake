# `cmake --install`: the program, both libraries, the header, the policies, pkg-config and
# CMake package files, man pages, bash completion and the README; and the .deb (`cpack -G
# DEB`). Every destination comes from GNUInstallDirs. See README "Install".
include(CMakePackageConfigHelpers)

install(TARGETS pywarden)
install(TARGETS pywarden_shared EXPORT pywarden-shared-targets)
install(TARGETS pywarden_static EXPORT pywarden-static-targets)
install(FILES include/pywarden.h TYPE INCLUDE)
install(DIRECTORY policy/ DESTINATION ${PW_POLICY_INSTALL_SUBDIR} FILES_MATCHING PATTERN "*.json")
install(FILES man/pywarden.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES man/pywarden-policy.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES completion/pywarden.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME pywarden)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# pkg-config: paths relative to the .pc file (${pcfiledir}), so a moved prefix still works.
set(PW_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pywarden)
file(RELATIVE_PATH PW_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" PW_PC_TO_PREFIX "${PW_PC_TO_PREFIX}")
foreach(pc pywarden pywarden-static)
  configure_file(cmake/${pc}.pc.in ${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# find_package(pywarden CONFIG): pywarden::shared, pywarden::static, pywarden::pywarden.
foreach(kind shared static)
  install(EXPORT pywarden-${kind}-targets NAMESPACE pywarden:: DESTINATION ${PW_CMAKE_DIR})
endforeach()
configure_file(cmake/pywardenConfig.cmake.in pywardenConfig.cmake @ONLY)
write_basic_package_version_file(pywardenConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pywardenConfig.cmake
        ${CMAKE_CURRENT_BINARY_DIR}/pywardenConfigVersion.cmake DESTINATION ${PW_CMAKE_DIR})

# The .deb: everything above under /usr. Its Depends come from dpkg-shlibdeps (libpython3.11,
# which pulls the stdlib, libcjson1, libc6; libseccomp runs at build time only); numpy and pandas are what the
# `data` policy offers when present.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pywarden)
set(CPACK_PACKAGE_VENDOR pywarden)
set(CPACK_PACKAGE_CONTACT "pywarden maintainers <pywarden@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "run Python code safely from programs that are not Python")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-numpy, python3-pandas")
include(CPack)
