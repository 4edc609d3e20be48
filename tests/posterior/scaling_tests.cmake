# Tests of the scaling experiment (issue 6, item 4): seed-space rejection, brute-force inversion,
# the experiment and its check E.T:scaling-experiment.
dpsi_add_test(seed_rejection_sampler_test SOURCES posterior/seed_rejection_sampler_test.cc
              LABELS "lemma:A.5;lemma:E.T;statistical")
dpsi_add_test(brute_force_inverter_test SOURCES posterior/brute_force_inverter_test.cc LABELS "lemma:E.T;exact")
dpsi_add_test(scaling_experiment_test SOURCES posterior/scaling_experiment_test.cc LABELS "lemma:E.T;statistical")
