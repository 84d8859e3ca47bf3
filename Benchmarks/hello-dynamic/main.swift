// A hello-world linked as SwiftPM links by default (the Swift runtime as shared libraries), the
// other baseline of `wellclient --version` in `make bench`.
print("hello")
