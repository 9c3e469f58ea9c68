# Writes the shell completion scripts that the built allot makes of its own command line.
# Inputs (-D): ALLOT, the binary; DIR, where to write allot (bash), _allot (zsh), allot.fish.
file(MAKE_DIRECTORY ${DIR})
foreach(pair "bash;allot" "zsh;_allot" "fish;allot.fish")
  list(GET pair 0 shell)
  list(GET pair 1 name)
  execute_process(COMMAND ${ALLOT} completion ${shell} OUTPUT_FILE ${DIR}/${name}.tmp RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    file(REMOVE ${DIR}/${name}.tmp)
    message(FATAL_ERROR "${ALLOT} completion ${shell}: ${code}")
  endif()
  file(RENAME ${DIR}/${name}.tmp ${DIR}/${name})
endforeach()
