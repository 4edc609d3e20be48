# `dpsi network` and `dpsi score --method network` as a user runs them (tests/cli mirrors src/cli).
dpsi_add_test(network_command_test SOURCES cli/network_command_test.cc LABELS "cli")
add_dependencies(network_command_test dpsi)
