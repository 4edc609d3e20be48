# Tests of the sampling module.
dpsi_add_test(exact_sampler_test SOURCES sampling/exact_sampler_test.cc LABELS "lemma:R.3;statistical")
dpsi_add_test(sampling_checks_test SOURCES sampling/sampling_checks_test.cc LABELS "lemma:R.3;lemma:A.1;statistical")
dpsi_add_test(normal_test SOURCES sampling/normal_test.cc LABELS "lemma:R.3;statistical")
dpsi_add_test(instance_sampler_test SOURCES sampling/instance_sampler_test.cc LABELS "lemma:A.1;lemma:A.5;statistical")
dpsi_add_test(instance_sampling_checks_test SOURCES sampling/instance_sampling_checks_test.cc
              LABELS "lemma:A.1;lemma:A.5;lemma:B.1;statistical")
# `dpsi sample` as a user runs it (tests/cli mirrors src/cli).
dpsi_add_test(sample_command_test SOURCES cli/sample_command_test.cc LABELS "cli")
add_dependencies(sample_command_test dpsi)
dpsi_add_test(continuous_ks_test SOURCES sampling/continuous_ks_test.cc LABELS "lemma:A.1;lemma:A.5;statistical")
dpsi_add_test(blurred_lattice_cdf_test SOURCES sampling/blurred_lattice_cdf_test.cc LABELS "lemma:A.1;certified")
