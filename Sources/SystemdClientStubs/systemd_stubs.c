/*
 * libdbus's static archive refers to two libsystemd functions, used only by a D-Bus *server*
 * that systemd started with listening sockets (the "systemd:" address). The executables that
 * link this target are D-Bus clients and never listen, so they link libdbus without libsystemd
 * and its compression and crypto libraries, and these answer as libsystemd does when no socket
 * was passed: no file descriptors, and "not a socket of that kind".
 */
#include <errno.h>

int sd_listen_fds(int unset_environment) {
    (void)unset_environment;
    return 0;
}

int sd_is_socket(int fd, int family, int type, int listening) {
    (void)family;
    (void)type;
    (void)listening;
    return fd < 0 ? -EBADF : 0;
}
