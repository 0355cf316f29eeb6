# `cmake --build build --target bundle`: a self-contained directory and .tar.gz under
# build/bundle/ that runs where no Python is installed (README "Install", "Bundle").
# The bundle's pywarden links Debian's libpython3.X.a whole, as the command does
# (pw_link_python_static), and finds everything else relative to itself: src/paths.c built
# with PW_BUNDLE. Not part of `all`.
# The stdlib zip holds .pyc files: compiled by the very Python version libpython is.
find_program(PW_ZIP_PYTHON NAMES python${PY_VERSION} PATHS ${PY_PREFIX}/bin NO_DEFAULT_PATH)
if(NOT PW_LIBPYTHON_A OR NOT PW_ZIP_PYTHON)
  message(STATUS "bundle target disabled: no libpython${PY_VERSION}.a or python${PY_VERSION}")
  return()
endif()

string(REPLACE "." "" PW_PY_NODOT ${PY_VERSION})
# The name the stdlib's .pyc files were compiled under (cmake/stdlib_zip.py): not a real path.
set(PW_BUNDLE_STDLIB_ROOT /__pywarden_bundle__/python${PW_PY_NODOT}.zip)
pw_paths_object(pywarden_paths_bundle PW_BUNDLE=1 PW_STDLIB_ZIP_NAME="python${PW_PY_NODOT}.zip"
                PW_BUNDLE_STDLIB_ROOT="${PW_BUNDLE_STDLIB_ROOT}")
set_target_properties(pywarden_paths_bundle PROPERTIES EXCLUDE_FROM_ALL ON)
add_executable(pywarden_bundle EXCLUDE_FROM_ALL src/cli/cli.c $<TARGET_OBJECTS:pywarden_obj>
               $<TARGET_OBJECTS:pywarden_paths_bundle>)
target_include_directories(pywarden_bundle PRIVATE include ${PW_SRC_INCLUDES} ${PY_INCLUDE_DIRS})
pw_link_python_static(pywarden_bundle)
pw_add_worker(pywarden_bundle)
# DT_RPATH (not RUNPATH): it also applies to what dlopen'ed extension modules need.
target_link_options(pywarden_bundle PRIVATE -Wl,--disable-new-dtags)
set_target_properties(pywarden_bundle PROPERTIES OUTPUT_NAME pywarden
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bundle-bin BUILD_RPATH "\$ORIGIN/../lib")

set(PW_BUNDLE_NAME pywarden-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR})
add_custom_target(bundle
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:pywarden_bundle> -DOUT=${CMAKE_BINARY_DIR}/bundle
          -DNAME=${PW_BUNDLE_NAME} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}
          -DSTDLIB=${PY_PREFIX}/lib/python${PY_VERSION} -DPYDIR=python${PY_VERSION}
          -DZIP=python${PW_PY_NODOT}.zip -DPYTHON=${PW_ZIP_PYTHON} -DPYVER=${PY_VERSION}
          -DSTDLIB_ROOT=${PW_BUNDLE_STDLIB_ROOT}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/MakeBundle.cmake
  DEPENDS pywarden_bundle VERBATIM)
