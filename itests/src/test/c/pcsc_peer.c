/*
 * pcsc_peer: "another process" for the PC/SC integration tests. An ordinary PC/SC client on libpcsclite that nobody
 * in cardmanage wrote: it reads one command per line on standard input and answers one line per command on standard
 * output (flushed at once), and exits when its input closes, so it never outlives the test that drives it.
 *
 *   connect <reader> shared|exclusive|direct         OK <protocol>          (reader names may contain spaces)
 *   reconnect shared|exclusive leave|reset|unpower   OK <protocol>
 *   begin                                            OK
 *   end leave|reset|unpower|eject                    OK
 *   transmit <hex>                                   OK <response hex>
 *   status                                           OK <state hex> <atr hex>
 *   disconnect leave|reset|unpower|eject             OK
 *   ping                                             OK
 *   quit                                             OK, then exits
 * Any failure: ERR 0x<PC/SC code> (or ERR <text> for a malformed command).
 *
 * It runs without PCSCLITE_NO_BLOCKING (removed before libpcsclite first initialises), so a call held back by another
 * process's transaction waits the way it does for every ordinary client.
 *
 * No -dev headers are needed: the few prototypes and constants are declared here, for pcsc-lite on Linux x86_64
 * (LONG and DWORD are long / unsigned long, SCARDCONTEXT and SCARDHANDLE long). Build:
 *   cc -O2 -o pcsc_peer pcsc_peer.c /usr/lib/x86_64-linux-gnu/libpcsclite.so.1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef long LONG;
typedef unsigned long DWORD;
typedef long SCARDCONTEXT;
typedef long SCARDHANDLE;
typedef struct {
    unsigned long dwProtocol;
    unsigned long cbPciLength;
} SCARD_IO_REQUEST;

extern LONG SCardEstablishContext(DWORD scope, const void *reserved1, const void *reserved2, SCARDCONTEXT *context);
extern LONG SCardReleaseContext(SCARDCONTEXT context);
extern LONG SCardConnect(SCARDCONTEXT context, const char *reader, DWORD shareMode, DWORD preferredProtocols,
        SCARDHANDLE *card, DWORD *activeProtocol);
extern LONG SCardReconnect(SCARDHANDLE card, DWORD shareMode, DWORD preferredProtocols, DWORD initialization,
        DWORD *activeProtocol);
extern LONG SCardDisconnect(SCARDHANDLE card, DWORD disposition);
extern LONG SCardBeginTransaction(SCARDHANDLE card);
extern LONG SCardEndTransaction(SCARDHANDLE card, DWORD disposition);
extern LONG SCardStatus(SCARDHANDLE card, char *readerNames, DWORD *readerLength, DWORD *state, DWORD *protocol,
        unsigned char *atr, DWORD *atrLength);
extern LONG SCardTransmit(SCARDHANDLE card, const SCARD_IO_REQUEST *sendPci, const unsigned char *send,
        DWORD sendLength, SCARD_IO_REQUEST *receivePci, unsigned char *receive, DWORD *receiveLength);

#define SCARD_SCOPE_SYSTEM 2
#define SCARD_SHARE_EXCLUSIVE 1
#define SCARD_SHARE_SHARED 2
#define SCARD_SHARE_DIRECT 3
#define SCARD_PROTOCOL_T0 1
#define SCARD_PROTOCOL_T1 2
#define SCARD_PROTOCOL_RAW 4
#define SCARD_LEAVE_CARD 0
#define SCARD_RESET_CARD 1
#define SCARD_UNPOWER_CARD 2
#define SCARD_EJECT_CARD 3

#define LINE_MAX_LENGTH 140000
#define APDU_MAX 70000

static SCARDCONTEXT context;
static int haveContext;
static SCARDHANDLE card;
static int haveCard;
static DWORD protocol;

static void answer(const char *line) {
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

static void fail(LONG rv) {
    printf("ERR 0x%08lX\n", (unsigned long) rv);
    fflush(stdout);
}

static int shareMode(const char *word, DWORD *mode) {
    if (strcmp(word, "shared") == 0) {
        *mode = SCARD_SHARE_SHARED;
    } else if (strcmp(word, "exclusive") == 0) {
        *mode = SCARD_SHARE_EXCLUSIVE;
    } else if (strcmp(word, "direct") == 0) {
        *mode = SCARD_SHARE_DIRECT;
    } else {
        return 0;
    }
    return 1;
}

static int disposition(const char *word, DWORD *value) {
    if (word == NULL) {
        return 0;
    }
    if (strcmp(word, "leave") == 0) {
        *value = SCARD_LEAVE_CARD;
    } else if (strcmp(word, "reset") == 0) {
        *value = SCARD_RESET_CARD;
    } else if (strcmp(word, "unpower") == 0) {
        *value = SCARD_UNPOWER_CARD;
    } else if (strcmp(word, "eject") == 0) {
        *value = SCARD_EJECT_CARD;
    } else {
        return 0;
    }
    return 1;
}

static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Parses hex digits, ignoring spaces; returns the byte count or -1. */
static long parseHex(const char *text, unsigned char *out, long capacity) {
    long count = 0;
    int high = -1;
    for (; *text; text++) {
        if (*text == ' ') {
            continue;
        }
        int v = hexValue(*text);
        if (v < 0) {
            return -1;
        }
        if (high < 0) {
            high = v;
        } else {
            if (count >= capacity) {
                return -1;
            }
            out[count++] = (unsigned char) (high << 4 | v);
            high = -1;
        }
    }
    return high < 0 ? count : -1;
}

static void printHex(const unsigned char *bytes, DWORD length) {
    for (DWORD i = 0; i < length; i++) {
        printf("%02X", bytes[i]);
    }
}

static int ensureContext(void) {
    if (haveContext) {
        return 1;
    }
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != 0) {
        fail(rv);
        return 0;
    }
    haveContext = 1;
    return 1;
}

static void doConnect(char *arguments) {
    /* "<reader> <mode>": the mode is the last word, the reader name everything before it */
    char *space = arguments == NULL ? NULL : strrchr(arguments, ' ');
    DWORD mode;
    if (space == NULL || !shareMode(space + 1, &mode)) {
        answer("ERR usage: connect <reader> shared|exclusive|direct");
        return;
    }
    *space = '\0';
    if (haveCard) {
        answer("ERR connected already");
        return;
    }
    if (!ensureContext()) {
        return;
    }
    DWORD protocols = mode == SCARD_SHARE_DIRECT ? 0 : SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
    LONG rv = SCardConnect(context, arguments, mode, protocols, &card, &protocol);
    if (rv != 0) {
        fail(rv);
        return;
    }
    haveCard = 1;
    printf("OK %lu\n", protocol);
    fflush(stdout);
}

static void doReconnect(char *arguments) {
    char *modeWord = arguments == NULL ? NULL : strtok(arguments, " ");
    char *initWord = modeWord == NULL ? NULL : strtok(NULL, " ");
    DWORD mode;
    DWORD init;
    if (modeWord == NULL || !shareMode(modeWord, &mode) || !disposition(initWord, &init)) {
        answer("ERR usage: reconnect shared|exclusive leave|reset|unpower");
        return;
    }
    if (!haveCard) {
        answer("ERR not connected");
        return;
    }
    LONG rv = SCardReconnect(card, mode, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, init, &protocol);
    if (rv != 0) {
        fail(rv);
        return;
    }
    printf("OK %lu\n", protocol);
    fflush(stdout);
}

static void doDisposition(const char *command, char *arguments) {
    DWORD value;
    if (!disposition(arguments, &value)) {
        printf("ERR usage: %s leave|reset|unpower|eject\n", command);
        fflush(stdout);
        return;
    }
    if (!haveCard) {
        answer("ERR not connected");
        return;
    }
    LONG rv;
    if (strcmp(command, "end") == 0) {
        rv = SCardEndTransaction(card, value);
    } else {
        rv = SCardDisconnect(card, value);
        if (rv == 0) {
            haveCard = 0;
        }
    }
    if (rv != 0) {
        fail(rv);
        return;
    }
    answer("OK");
}

static void doTransmit(char *arguments) {
    static unsigned char command[APDU_MAX];
    static unsigned char response[APDU_MAX];
    long length = arguments == NULL ? -1 : parseHex(arguments, command, sizeof command);
    if (length < 4) {
        answer("ERR usage: transmit <hex of at least 4 bytes>");
        return;
    }
    if (!haveCard) {
        answer("ERR not connected");
        return;
    }
    SCARD_IO_REQUEST pci = {protocol, sizeof(SCARD_IO_REQUEST)};
    DWORD responseLength = sizeof response;
    LONG rv = SCardTransmit(card, &pci, command, (DWORD) length, NULL, response, &responseLength);
    if (rv != 0) {
        fail(rv);
        return;
    }
    fputs("OK ", stdout);
    printHex(response, responseLength);
    fputc('\n', stdout);
    fflush(stdout);
}

static void doStatus(void) {
    char readers[1024];
    DWORD readersLength = sizeof readers;
    DWORD state = 0;
    DWORD active = 0;
    unsigned char atr[64];
    DWORD atrLength = sizeof atr;
    if (!haveCard) {
        answer("ERR not connected");
        return;
    }
    LONG rv = SCardStatus(card, readers, &readersLength, &state, &active, atr, &atrLength);
    if (rv != 0) {
        fail(rv);
        return;
    }
    printf("OK 0x%04lX ", state);
    printHex(atr, atrLength);
    fputc('\n', stdout);
    fflush(stdout);
}

int main(void) {
    /* An ordinary client: libpcsclite reads this when it first initialises, i.e. at our first call. */
    unsetenv("PCSCLITE_NO_BLOCKING");
    static char line[LINE_MAX_LENGTH];
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t length = strlen(line);
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) {
            line[--length] = '\0';
        }
        char *arguments = strchr(line, ' ');
        if (arguments != NULL) {
            *arguments++ = '\0';
        }
        if (strcmp(line, "connect") == 0) {
            doConnect(arguments);
        } else if (strcmp(line, "reconnect") == 0) {
            doReconnect(arguments);
        } else if (strcmp(line, "begin") == 0) {
            if (!haveCard) {
                answer("ERR not connected");
            } else {
                LONG rv = SCardBeginTransaction(card);
                if (rv != 0) {
                    fail(rv);
                } else {
                    answer("OK");
                }
            }
        } else if (strcmp(line, "end") == 0 || strcmp(line, "disconnect") == 0) {
            doDisposition(line, arguments);
        } else if (strcmp(line, "transmit") == 0) {
            doTransmit(arguments);
        } else if (strcmp(line, "status") == 0) {
            doStatus();
        } else if (strcmp(line, "ping") == 0) {
            answer("OK");
        } else if (strcmp(line, "quit") == 0) {
            answer("OK");
            break;
        } else {
            printf("ERR unknown command '%s'\n", line);
            fflush(stdout);
        }
    }
    /* Input closed (the test ended, or its JVM died) or quit: let go of everything. */
    if (haveCard) {
        SCardDisconnect(card, SCARD_LEAVE_CARD);
    }
    if (haveContext) {
        SCardReleaseContext(context);
    }
    return 0;
}
