# Exports examples policies to Kubernetes and Kueue objects and checks every object against
# the upstream schemas (tests/export_schemas.py, tests/schemas/export/). Inputs (all -D):
# ALLOT, PYTHON, SOURCE_DIR, WORK_DIR. When python3-jsonschema or python3-yaml is missing,
# the checker prints "skipped: <why>" and exits 77, and CTest reports the test as skipped
# (SKIP_REGULAR_EXPRESSION: CMake 3.25 scripts cannot choose their own exit status).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(outputs)
foreach(target kubernetes kueue)
  foreach(policy tiers swarm)
    set(out ${WORK_DIR}/${target}-${policy}.yaml)
    execute_process(COMMAND ${ALLOT} export ${target} examples/${policy}.allot
                            --from-manifests tests/export/roundtrip --team ml-research --team trial-runs -o ${out}
      WORKING_DIRECTORY ${SOURCE_DIR} TIMEOUT 50 RESULT_VARIABLE code ERROR_VARIABLE err)
    if(NOT code EQUAL 0)
      message(FATAL_ERROR "allot export ${target} examples/${policy}.allot: exit ${code}\n${err}")
    endif()
    list(APPEND outputs ${out})
  endforeach()
endforeach()
execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/tests/export_schemas.py ${SOURCE_DIR}/tests/schemas/export ${outputs}
  WORKING_DIRECTORY ${WORK_DIR} TIMEOUT 50 RESULT_VARIABLE code)
if(NOT code EQUAL 0 AND NOT code EQUAL 77)
  message(FATAL_ERROR "schema validation failed (exit ${code})")
endif()
