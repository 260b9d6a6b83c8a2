import ServiceLifecycle
import ArgumentParser
print("x")
