// The hello-world `make bench` times `wellclient --version` against: linked as `wellclient` is
// (the Swift runtime statically).
print("hello")
