# Every suite `make test` runs, registered with CTest. PostgreSQL suites share one server
# that scripts/start-test-postgres starts as a CTest fixture and stop-test-postgres stops.
set(WJ_PG_DIR ${CMAKE_BINARY_DIR}/test-postgres)
set(WJ_PG_URL_FILE ${WJ_PG_DIR}/url)
find_program(NODE node REQUIRED)
find_program(NPM npm REQUIRED)

add_test(NAME postgres_start COMMAND ${CMAKE_SOURCE_DIR}/scripts/start-test-postgres ${WJ_PG_DIR})
set_tests_properties(postgres_start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 120)
add_test(NAME postgres_stop COMMAND ${CMAKE_SOURCE_DIR}/scripts/stop-test-postgres ${WJ_PG_DIR})
set_tests_properties(postgres_stop PROPERTIES FIXTURES_CLEANUP postgres)

# GoogleTest: every suite on SQLite; the engine-parameterised suites again on PostgreSQL.
add_test(NAME unit_sqlite COMMAND weijian_tests --gtest_filter=-*/postgresql)
set_tests_properties(unit_sqlite PROPERTIES ENVIRONMENT "WEIJIAN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
add_test(NAME unit_postgres COMMAND weijian_tests --gtest_filter=*/postgresql)
set_tests_properties(unit_postgres PROPERTIES FIXTURES_REQUIRED postgres
  ENVIRONMENT "WEIJIAN_TEST_PG_URL_FILE=${WJ_PG_URL_FILE};WEIJIAN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# API tests: the real binary on a free port, the same cases against each store.
set(WJ_API_ENV "WEIJIAN_BIN=$<TARGET_FILE:weijian>;WEIJIAN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
add_test(NAME api_sqlite COMMAND ${NODE} --test --test-concurrency=1 ${CMAKE_SOURCE_DIR}/tests/api/)
set_tests_properties(api_sqlite PROPERTIES TIMEOUT 600
  ENVIRONMENT "${WJ_API_ENV};WEIJIAN_TEST_STORE=sqlite")
add_test(NAME api_postgres COMMAND ${NODE} --test --test-concurrency=1 ${CMAKE_SOURCE_DIR}/tests/api/)
set_tests_properties(api_postgres PROPERTIES TIMEOUT 600 FIXTURES_REQUIRED postgres
  ENVIRONMENT "${WJ_API_ENV};WEIJIAN_TEST_STORE=postgresql;WEIJIAN_TEST_PG_URL_FILE=${WJ_PG_URL_FILE}")

# The web application: vitest unit tests, then a browser test against the running server.
add_test(NAME web_unit COMMAND ${NPM} --prefix ${CMAKE_SOURCE_DIR}/web run test:unit)
set_tests_properties(web_unit PROPERTIES TIMEOUT 300)
foreach(store sqlite postgresql)
  add_test(NAME browser_${store} COMMAND ${NODE} ${CMAKE_SOURCE_DIR}/tests/lib/run_with_server.mjs
    ${NPM} --prefix ${CMAKE_SOURCE_DIR}/web run test:e2e)
  set_tests_properties(browser_${store} PROPERTIES TIMEOUT 300
    ENVIRONMENT "${WJ_API_ENV};WEIJIAN_TEST_STORE=${store};WEIJIAN_TEST_PG_URL_FILE=${WJ_PG_URL_FILE}")
endforeach()
set_tests_properties(browser_postgresql PROPERTIES FIXTURES_REQUIRED postgres)

# Module boundaries: includes against the declared order, table ownership, no positional row
# reads (scripts/check-boundaries.mjs); and the compiler itself refusing a forbidden include
# with a module's own include path, beside a control that the same command compiles.
add_test(NAME boundaries COMMAND ${NODE} ${CMAKE_SOURCE_DIR}/scripts/check-boundaries.mjs ${CMAKE_SOURCE_DIR})
set(WJ_ENFORCEMENT_INCLUDES "$<TARGET_PROPERTY:wj_enforcement,INTERFACE_INCLUDE_DIRECTORIES>")
foreach(kind allowed forbidden)
  add_test(NAME boundaries_${kind}_include
    COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only "-I$<JOIN:${WJ_ENFORCEMENT_INCLUDES},;-I>"
            ${CMAKE_SOURCE_DIR}/tests/boundaries/${kind}_include.cpp
    COMMAND_EXPAND_LISTS)
endforeach()
set_tests_properties(boundaries_forbidden_include PROPERTIES
  PASS_REGULAR_EXPRESSION "credit/rules.h: No such file or directory")
