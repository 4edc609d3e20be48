# Tests of the sampling module.
dpsi_add_test(exact_sampler_test SOURCES sampling/exact_sampler_test.cc LABELS "lemma:R.3;statistical")
dpsi_add_test(sampling_checks_test SOURCES sampling/sampling_checks_test.cc LABELS "lemma:R.3;lemma:A.1;statistical")
