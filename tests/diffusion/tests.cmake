# Tests of the F.2 diffusion sampler (dpsi/diffusion/*) and its checks.
dpsi_add_test(schedule_test SOURCES diffusion/schedule_test.cc LABELS "lemma:F.2;exact")
dpsi_add_test(oracle_score_test SOURCES diffusion/oracle_score_test.cc LABELS "lemma:F.2;lemma:C.8;certified")
dpsi_add_test(diffusion_sampler_test SOURCES diffusion/diffusion_sampler_test.cc LABELS "lemma:F.2;statistical")
dpsi_add_test(diffusion_sampler_checks_test SOURCES diffusion/diffusion_sampler_checks_test.cc
              LABELS "lemma:F.2;statistical")
dpsi_add_test(network_score_test SOURCES diffusion/network_score_test.cc LABELS "lemma:F.2;lemma:C.8")
