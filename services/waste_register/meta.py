MODULE_ID = "waste_register"
