# Tests of the density module's C.5/C.6 constants and the C.5 smoothing-bound checks.
dpsi_add_test(phase_bounds_test SOURCES density/phase_bounds_test.cc LABELS "lemma:C.5;lemma:C.6;certified")
dpsi_add_test(smoothing_bounds_checks_test SOURCES density/smoothing_bounds_checks_test.cc LABELS "lemma:C.5;certified")
dpsi_add_test(recipe_checks_test SOURCES density/recipe_checks_test.cc LABELS "lemma:R.1;exact")
