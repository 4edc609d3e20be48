# `dpsi network` and `dpsi score --method network` as a user runs them (tests/cli mirrors src/cli).
dpsi_add_test(network_command_test SOURCES cli/network_command_test.cc LABELS "cli")
add_dependencies(network_command_test dpsi)
# `dpsi scaling` (the scaling experiment of spec E.T).
dpsi_add_test(scaling_command_test SOURCES cli/scaling_command_test.cc LABELS "cli;lemma:E.T")
add_dependencies(scaling_command_test dpsi)
