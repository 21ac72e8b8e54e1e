# A cluster on loopback (issue 16), included from tests/CMakeLists.txt: tests/cluster/check.py
# serves the shards of a database with Debian's xapian-tcpsrv and checks that a cluster file of
# remote (and mixed) shards answers as the local shards do, that a killed or stopped shard gives
# partial answers that say so and comes back, and that xapian-replicate replicas converge.
# Skipped (77) without xapian-tcpsrv (scripts/deps-cluster.txt installs it).
add_test(NAME cluster.loopback
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/cluster/check.py
                 $<TARGET_FILE:newsdesk-index> $<TARGET_FILE:newsdesk-search>
                 $<TARGET_FILE:newsdesk-serve> ${PROJECT_SOURCE_DIR}/corpus
                 ${PROJECT_SOURCE_DIR}/../shared/data ${PROJECT_SOURCE_DIR}/bench/queries.txt
                 ${CMAKE_CURRENT_BINARY_DIR}/cluster-work)
set_tests_properties(cluster.loopback PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
