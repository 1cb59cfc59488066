# Installs the runtime: its archives in lib/, its headers in include/cnnrt/, a pkg-config file, and a CMake
# package (find_package(cnnrt CONFIG): imported targets cnnc::cnnrt, cnnc::cnnrt_train, cnnc::cnnrt_data,
# cnnc::cnnrt_mpi).
# The layout is fixed (bin/, lib/, include/), the same as the build folder's, because
# `cnnc --print-link-flags` finds the runtime at ../lib from its own folder.

install(TARGETS ${cnnrt_libraries} EXPORT cnnrtTargets
        ARCHIVE DESTINATION lib)
install(DIRECTORY include/cnnrt DESTINATION include
        FILES_MATCHING PATTERN "*.h" PATTERN "*.def")

# The package names its targets cnnc:: as the compiler's package does, which loads this one.
install(EXPORT cnnrtTargets NAMESPACE cnnc:: DESTINATION lib/cmake/cnnrt)
include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cnnrtConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/cnnrtConfig.cmake INSTALL_DESTINATION lib/cmake/cnnrt)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cnnrtConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cnnrtConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/cnnrtConfigVersion.cmake
        DESTINATION lib/cmake/cnnrt)

# pkg-config: the libraries cnnrt needs after it, as this configuration built it (cnnrt is static, so
# they go in Libs, not Libs.private). On glibc >= 2.34 pthreads need no flag.
set(CNNRT_PC_LIBS "-lcnnrt")
if(CNNRT_WITH_ZLIB)
  string(APPEND CNNRT_PC_LIBS " -lz")
endif()
string(APPEND CNNRT_PC_LIBS " -lm")
if(CMAKE_THREAD_LIBS_INIT)
  string(APPEND CNNRT_PC_LIBS " ${CMAKE_THREAD_LIBS_INIT}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/cnnrt.pc.in ${CMAKE_CURRENT_BINARY_DIR}/cnnrt.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cnnrt.pc DESTINATION lib/pkgconfig)
