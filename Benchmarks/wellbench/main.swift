// Benchmarks live here; each prints its figures. Filled in as the client core lands.
print("wellbench: no benchmarks yet")
