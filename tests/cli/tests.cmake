# `dpsi network` and `dpsi score --method network` as a user runs them (tests/cli mirrors src/cli).
dpsi_add_test(network_command_test SOURCES cli/network_command_test.cc LABELS "cli")
add_dependencies(network_command_test dpsi)
# `dpsi diffuse` (the F.2 sampler) as a user runs it.
dpsi_add_test(diffuse_command_test SOURCES cli/diffuse_command_test.cc LABELS "cli;lemma:F.2")
add_dependencies(diffuse_command_test dpsi)
