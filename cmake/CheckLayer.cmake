# Layers by the build: the configure step fails when a layer's file includes what the layer may
# not see (docs: server -> domain <- persistence; the domain is Abseil only).
#
#   inburgering_check_layer(DIR LAYER FORBIDDEN_REGEX)
#
# As a script, for the test that proves the check bites:
#   cmake -DCHECK_DIR=... -DCHECK_LAYER=domain -P cmake/CheckLayer.cmake

# What each layer may not include: the other layers, the generated API, and the transport,
# database and JSON libraries.
set(INBURGERING_DOMAIN_FORBIDDEN
    "#include *[<\"]((grpc|grpcpp|google/protobuf|soci|nlohmann|persistence|server|api|clients|inburgering/v1)/|(sqlite3|libpq-fe|httplib)\\.h)")
set(INBURGERING_PERSISTENCE_FORBIDDEN
    "#include *[<\"](grpc|grpcpp|google/protobuf|server|api|clients|inburgering/v1)/")

function(inburgering_check_layer dir layer forbidden)
  file(GLOB files ${dir}/*.h ${dir}/*.cc)
  foreach(f IN LISTS files)
    file(STRINGS ${f} bad REGEX "${forbidden}")
    if(bad)
      message(FATAL_ERROR "layer violation: ${f} (${layer}) includes ${bad}")
    endif()
  endforeach()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED CHECK_DIR)
  string(TOUPPER "${CHECK_LAYER}" layer)
  inburgering_check_layer(${CHECK_DIR} ${CHECK_LAYER} "${INBURGERING_${layer}_FORBIDDEN}")
endif()
