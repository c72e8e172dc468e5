-- expect: error load: binary chunks are not available in the sandbox
load("return 1", "x", "b")
