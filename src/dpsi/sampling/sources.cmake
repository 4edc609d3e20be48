# Sources of the sampling module (dpsi/sampling/*), added to dpsi_core.
