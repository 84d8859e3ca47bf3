#ifndef SYSTEMD_CLIENT_STUBS_H
#define SYSTEMD_CLIENT_STUBS_H
/* Nothing to import: this target only defines two symbols libdbus's static archive refers to. */
#endif
