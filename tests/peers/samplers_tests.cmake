# Tests of the practical posterior samplers (dpsi/peers/{dps,pigdm,tds,langevin}_sampler.*).
dpsi_add_test(gaussian_posterior_moments_test SOURCES peers/gaussian_posterior_moments_test.cc LABELS "statistical")
dpsi_add_test(tds_particle_convergence_test SOURCES peers/tds_particle_convergence_test.cc LABELS "statistical")
dpsi_add_test(peer_samplers_test SOURCES peers/peer_samplers_test.cc LABELS "exact")
dpsi_add_test(one_step_closed_form_test SOURCES peers/one_step_closed_form_test.cc LABELS "exact")
