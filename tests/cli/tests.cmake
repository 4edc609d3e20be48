# `dpsi network` and `dpsi score --method network` as a user runs them (tests/cli mirrors src/cli).
dpsi_add_test(network_command_test SOURCES cli/network_command_test.cc LABELS "cli")
add_dependencies(network_command_test dpsi)
# `dpsi posterior` and `dpsi invert` (spec A.5, E.2, B.2).
dpsi_add_test(posterior_command_test SOURCES cli/posterior_command_test.cc LABELS "cli;lemma:B.2;lemma:E.2")
add_dependencies(posterior_command_test dpsi)
# `dpsi diffuse` (the F.2 sampler) as a user runs it.
dpsi_add_test(diffuse_command_test SOURCES cli/diffuse_command_test.cc LABELS "cli;lemma:F.2")
add_dependencies(diffuse_command_test dpsi)
# `dpsi scaling` (the scaling experiment of spec E.T).
dpsi_add_test(scaling_command_test SOURCES cli/scaling_command_test.cc LABELS "cli;lemma:E.T")
add_dependencies(scaling_command_test dpsi)
# `dpsi peers` (the practical samplers of spec E.P on the easy and the hard instance).
dpsi_add_test(peers_command_test SOURCES cli/peers_command_test.cc LABELS "cli;lemma:E.P")
add_dependencies(peers_command_test dpsi)
# `dpsi mutants` in an ordinary build (the mutation run itself is ./run mutants, in CI).
dpsi_add_test(mutants_command_test SOURCES cli/mutants_command_test.cc LABELS "cli;mutation")
add_dependencies(mutants_command_test dpsi)
# cli::run_command_line in-process (the argument layer main() and fuzz/command_line_fuzz.cc call).
dpsi_add_test(command_line_test SOURCES cli/command_line_test.cc LABELS "cli")
target_link_libraries(command_line_test PRIVATE dpsi_cli)
