# Fails when docs/nodes.md is not what `phonon nodes --markdown` prints, showing the difference
# and how to regenerate the file.
# Usage: cmake -DPHONON=path/to/phonon -DCOMMITTED=docs/nodes.md -DGENERATED=scratch/nodes.md
#              -P CheckNodesDoc.cmake
execute_process(COMMAND ${PHONON} nodes --markdown OUTPUT_FILE ${GENERATED}
                ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "`phonon nodes --markdown` failed (${status}): ${errors}")
endif()
set(regenerate "docs/nodes.md is generated from the node catalogue, not written by hand; \
regenerate it from the root of the checkout with\n    build/tools/phonon nodes --markdown > docs/nodes.md")
if(NOT EXISTS ${COMMITTED})
  message(FATAL_ERROR "${COMMITTED} is missing.\n${regenerate}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${COMMITTED} ${GENERATED}
                RESULT_VARIABLE differs)
if(differs)
  set(difference "")
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND ${DIFF} -u ${COMMITTED} ${GENERATED} OUTPUT_VARIABLE difference)
  endif()
  message(FATAL_ERROR "docs/nodes.md differs from `phonon nodes --markdown`:\n${difference}\n"
                      "${regenerate}")
endif()
