# Issue 6's certified constants: rule R (D.R), the TV transfer (E.4), and F.1/F.2's diffusion constants.
dpsi_add_test(rule_r_checks_test SOURCES params/rule_r_checks_test.cc LABELS "lemma:D.R;certified")
dpsi_add_test(tv_transfer_checks_test SOURCES sampling/tv_transfer_checks_test.cc LABELS "lemma:E.4;certified")
dpsi_add_test(diffusion_constants_checks_test SOURCES density/diffusion_constants_checks_test.cc LABELS "lemma:F.1;lemma:F.2;certified")
