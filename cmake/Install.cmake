# Installs cnnc and cnn-opt in bin/ and the CMake package find_package(cnnc CONFIG) in lib/cmake/cnnc/: the
# imported executables cnnc::cnnc and cnnc::cnn-opt, cnnc_add_model, and the runtime's package (cnnrt's
# install rules, in runtime/, put the runtime's archives and headers beside them).

# They find libMLIR and libLLVM where they were built against (Debian's /usr/lib/llvm-19/lib).
set_target_properties(cnnc cnn-opt PROPERTIES INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
install(TARGETS cnnc cnn-opt EXPORT cnncTargets RUNTIME DESTINATION bin)
install(EXPORT cnncTargets NAMESPACE cnnc:: DESTINATION lib/cmake/cnnc)

include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cnncConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cnncConfig.cmake INSTALL_DESTINATION lib/cmake/cnnc)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cnncConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cnncConfig.cmake ${PROJECT_BINARY_DIR}/cnncConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/CnncAddModel.cmake
        DESTINATION lib/cmake/cnnc)
