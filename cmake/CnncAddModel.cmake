# cnnc_add_model: compiles a Keras / TF.js model with cnnc at build time into a library target to link.
#
#   cnnc_add_model(<target> <model.json|model.keras|model.h5|model.mlir> [NAME <c prefix>] [MCPU <cpu>]
#                  [TOPOLOGY <model.json>] [OPTIONS <cnnc flag>...])
#
# writes <binary dir>/cnnc_models/<target>/<NAME>.o and <NAME>.h (NAME defaults to <target>, which cnnc
# turns into a C prefix as it does any output name), and makes <target> a static library of that object
# whose users get the header's folder as an include directory and link cnnc::cnnrt (with zlib, libm and
# pthreads).
# With OPTIONS --weights=external (the default above 64 MiB of weights) the weights are written beside
# the object as <NAME>.weights, for NAME_create_from_file.
# Training models (OPTIONS --loss ... --optimizer ...) that call cnnrt_fit also link cnnc::cnnrt_train.
# TOPOLOGY gives the model's JSON when the model file is a weights .h5 from Keras' save_weights.
# The model is recompiled when its file, one of its TF.js weight shards (the weightsManifest's paths, read
# here at configure time), the TOPOLOGY file or cnnc changes; CMake re-reads the shard list when the model
# file changes.
# Needs the targets cnnc::cnnc and cnnc::cnnrt (find_package(cnnc CONFIG) defines them).

function(_cnnc_model_shards out target model)
  file(READ "${model}" text)
  string(JSON manifest ERROR_VARIABLE error GET "${text}" weightsManifest)
  if(error)
    # Keras' model.to_json() has no manifest; a file that is no JSON at all is reported here, not by cnnc.
    string(JSON type ERROR_VARIABLE json_error TYPE "${text}")
    if(json_error)
      message(FATAL_ERROR "cnnc_add_model(${target}): ${model} is not valid JSON: ${json_error}")
    endif()
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  get_filename_component(dir "${model}" DIRECTORY)
  set(shards "")
  string(JSON groups ERROR_VARIABLE error LENGTH "${manifest}")
  if(error)
    message(FATAL_ERROR "cnnc_add_model(${target}): ${model}: weightsManifest is not a list: ${error}")
  endif()
  if(groups GREATER 0)
    math(EXPR last_group "${groups} - 1")
    foreach(g RANGE ${last_group})
      string(JSON paths ERROR_VARIABLE error GET "${manifest}" ${g} paths)
      if(NOT error)
        string(JSON count ERROR_VARIABLE error LENGTH "${paths}")
      endif()
      if(error)
        message(FATAL_ERROR "cnnc_add_model(${target}): ${model}: weightsManifest[${g}].paths: ${error}")
      endif()
      if(count EQUAL 0)
        continue()
      endif()
      math(EXPR last "${count} - 1")
      foreach(i RANGE ${last})
        string(JSON path GET "${paths}" ${i})
        get_filename_component(shard "${path}" ABSOLUTE BASE_DIR "${dir}")
        if(NOT EXISTS "${shard}")
          message(FATAL_ERROR "cnnc_add_model(${target}): weight shard ${shard} "
                              "(weightsManifest[${g}].paths[${i}] "
                              "of ${model}) does not exist")
        endif()
        list(APPEND shards "${shard}")
      endforeach()
    endforeach()
  endif()
  set(${out} "${shards}" PARENT_SCOPE)
endfunction()

function(cnnc_add_model target model)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "NAME;MCPU;TOPOLOGY" "OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cnnc_add_model(${target}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS} "
                        "(expected NAME <prefix>, MCPU <cpu>, TOPOLOGY <model.json>, OPTIONS <flags>...)")
  endif()
  foreach(key NAME MCPU TOPOLOGY)
    if(${key} IN_LIST ARG_KEYWORDS_MISSING_VALUES)
      message(FATAL_ERROR "cnnc_add_model(${target}): ${key} needs a value")
    endif()
  endforeach()
  foreach(needed cnnc::cnnc cnnc::cnnrt)
    if(NOT TARGET ${needed})
      message(FATAL_ERROR "cnnc_add_model(${target}): no target ${needed}: "
                          "call find_package(cnnc CONFIG) first")
    endif()
  endforeach()
  get_filename_component(model "${model}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${model}" OR IS_DIRECTORY "${model}")
    message(FATAL_ERROR "cnnc_add_model(${target}): model file ${model} does not exist")
  endif()

  set(shards "")
  if(model MATCHES "\\.json$")
    _cnnc_model_shards(shards ${target} "${model}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${model}")
  endif()

  set(stem "${target}")
  set(flags "")
  if(DEFINED ARG_NAME)
    # The name also names the files, so it is checked here; cnnc checks the rest (keywords, reserved
    # prefixes).
    if(NOT ARG_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
      message(FATAL_ERROR "cnnc_add_model(${target}): NAME ${ARG_NAME} is not a C identifier")
    endif()
    set(stem "${ARG_NAME}")
    list(APPEND flags --name "${ARG_NAME}")
  endif()
  if(DEFINED ARG_MCPU)
    list(APPEND flags --mcpu "${ARG_MCPU}")
  endif()
  set(topology "")
  if(DEFINED ARG_TOPOLOGY)
    get_filename_component(topology "${ARG_TOPOLOGY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND flags --topology "${topology}")
  endif()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/cnnc_models/${target}")
  set(object "${dir}/${stem}.o")
  set(header "${dir}/${stem}.h")
  file(MAKE_DIRECTORY "${dir}")
  add_custom_command(
    OUTPUT "${object}" "${header}"
    COMMAND cnnc::cnnc "${model}" -o "${object}" ${flags} ${ARG_OPTIONS}
    DEPENDS "${model}" ${shards} ${topology} "$<TARGET_FILE:cnnc::cnnc>"
    COMMENT "Compiling model ${model} with cnnc"
    VERBATIM)

  # A static library of the one object: an ordinary target, so that targets in any folder can link it
  # (a custom command's outputs are visible only to targets of its own folder).
  add_library(${target} STATIC "${object}" "${header}")
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${target} INTERFACE "${dir}")
  target_link_libraries(${target} INTERFACE cnnc::cnnrt)
endfunction()
