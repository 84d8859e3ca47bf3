import Glibc

// The smallest Swift program, built like the product (`swift build -c release`): the baseline the
// agent's memory is printed beside. After its line it waits for a signal (SIGTERM ends it).
print("hello, world")
fflush(nil)
while true { pause() }
