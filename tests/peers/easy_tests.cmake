# Tests of the easy instance (Gaussian-mixture prior with a closed-form posterior), the sliced
# Wasserstein distance and the easy-instance benchmark runner (dpsi/peers/*, dpsi/stats/sliced_wasserstein).
dpsi_add_test(gaussian_mixture_prior_test SOURCES peers/gaussian_mixture_prior_test.cc LABELS "statistical")
dpsi_add_test(easy_instance_test SOURCES peers/easy_instance_test.cc LABELS "statistical")
dpsi_add_test(sliced_wasserstein_test SOURCES stats/sliced_wasserstein_test.cc LABELS "statistical")
dpsi_add_test(easy_experiment_test SOURCES peers/easy_experiment_test.cc LABELS "statistical")
