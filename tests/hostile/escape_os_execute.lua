-- expect: error os.execute is not available in the sandbox
os.execute("touch /tmp/faultline-was-here")
