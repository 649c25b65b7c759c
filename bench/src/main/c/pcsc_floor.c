/*
 * pcsc_floor: the floor for the bench's pcsc group -- plain C on libpcsclite, no JVM, nothing in between.
 *
 * Built by the bench itself (org.cardmanage.bench.harness.PcscFloor) with
 *     cc -O2 -o pcsc_floor pcsc_floor.c /usr/lib/x86_64-linux-gnu/libpcsclite.so.1
 * There are no pcsc-lite -dev headers on the bench machines, so the few prototypes it needs are declared here, as
 * pcsc-lite declares them on Linux x86_64: LONG and DWORD are long and unsigned long, SCARDCONTEXT and SCARDHANDLE
 * are long (pcsc-lite's own typedefs, not the 32-bit ones of Windows).
 *
 *     pcsc_floor READER APDU-HEX
 *
 * establishes a context, connects SHARED (T=0 or T=1) to READER, transmits APDU-HEX once (it must answer 90 00) and
 * prints "READY <protocol>". Then it reads commands on stdin, one a line, and answers each with one line:
 *
 *     t N     N transmits of the APDU        -> "T ns ns ns ..."  (each call timed alone, CLOCK_MONOTONIC)
 *     c N     N SCardConnect + SCardDisconnect(LEAVE) on a new handle -> "C ns ..."
 *     l N     N SCardBeginTransaction + SCardEndTransaction(LEAVE) on the open handle -> "L ns ..."
 *     d MS    transmits for MS milliseconds  -> "D count elapsed-ns"
 *     q       disconnect (LEAVE), release the context, exit 0
 *
 * Any PC/SC error or an answer other than 90 00: "ERR <what> 0x<code>" and exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef long LONG;
typedef unsigned long DWORD;
typedef long SCARDCONTEXT;
typedef long SCARDHANDLE;
typedef struct {
    unsigned long dwProtocol;
    unsigned long cbPciLength;
} SCARD_IO_REQUEST;

#define SCARD_S_SUCCESS 0L
#define SCARD_SCOPE_SYSTEM 2UL
#define SCARD_SHARE_SHARED 2UL
#define SCARD_PROTOCOL_T0 1UL
#define SCARD_PROTOCOL_T1 2UL
#define SCARD_LEAVE_CARD 0UL

extern LONG SCardEstablishContext(DWORD scope, const void *reserved1, const void *reserved2, SCARDCONTEXT *context);
extern LONG SCardReleaseContext(SCARDCONTEXT context);
extern LONG SCardConnect(SCARDCONTEXT context, const char *reader, DWORD shareMode, DWORD preferredProtocols,
                         SCARDHANDLE *card, DWORD *activeProtocol);
extern LONG SCardDisconnect(SCARDHANDLE card, DWORD disposition);
extern LONG SCardBeginTransaction(SCARDHANDLE card);
extern LONG SCardEndTransaction(SCARDHANDLE card, DWORD disposition);
extern LONG SCardTransmit(SCARDHANDLE card, const SCARD_IO_REQUEST *sendPci, const unsigned char *send,
                          DWORD sendLength, SCARD_IO_REQUEST *receivePci, unsigned char *receive,
                          DWORD *receiveLength);

static SCARDCONTEXT context;
static SCARDHANDLE card;
static const char *reader;
static SCARD_IO_REQUEST pci;
static unsigned char apdu[261];
static DWORD apduLength;

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void fail(const char *what, LONG code) {
    printf("ERR %s 0x%08lx\n", what, (unsigned long) code);
    fflush(stdout);
    exit(1);
}

static void transmit(void) {
    unsigned char response[258];
    DWORD length = sizeof response;
    LONG rv = SCardTransmit(card, &pci, apdu, apduLength, NULL, response, &length);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardTransmit", rv);
    }
    if (length < 2 || response[length - 2] != 0x90 || response[length - 1] != 0x00) {
        fail("the card did not answer 9000", length < 2 ? -1 : (response[length - 2] << 8 | response[length - 1]));
    }
}

static void connectDisconnect(void) {
    SCARDHANDLE other;
    DWORD protocol;
    LONG rv = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &other,
                           &protocol);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardConnect", rv);
    }
    rv = SCardDisconnect(other, SCARD_LEAVE_CARD);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardDisconnect", rv);
    }
}

static void lockUnlock(void) {
    LONG rv = SCardBeginTransaction(card);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardBeginTransaction", rv);
    }
    rv = SCardEndTransaction(card, SCARD_LEAVE_CARD);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardEndTransaction", rv);
    }
}

/* Times each of n calls alone and prints them on one line after the tag. */
static void timed(char tag, long n, void (*call)(void)) {
    long long *nanos = malloc(sizeof(long long) * (n > 0 ? n : 1));
    if (nanos == NULL) {
        fail("malloc", 0);
    }
    for (long i = 0; i < n; i++) {
        long long start = now();
        call();
        nanos[i] = now() - start;
    }
    putchar(tag);
    for (long i = 0; i < n; i++) {
        printf(" %lld", nanos[i]);
    }
    putchar('\n');
    fflush(stdout);
    free(nanos);
}

static int parseHex(const char *hex) {
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 > sizeof apdu) {
        return 0;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) {
            return 0;
        }
        apdu[i] = (unsigned char) byte;
    }
    apduLength = n / 2;
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3 || !parseHex(argv[2])) {
        fprintf(stderr, "usage: pcsc_floor READER APDU-HEX\n");
        return 2;
    }
    reader = argv[1];
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardEstablishContext", rv);
    }
    DWORD protocol;
    rv = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardConnect", rv);
    }
    pci.dwProtocol = protocol;
    pci.cbPciLength = sizeof pci;
    transmit();
    printf("READY T=%d\n", protocol == SCARD_PROTOCOL_T1 ? 1 : 0);
    fflush(stdout);

    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char command;
        long n = 0;
        if (sscanf(line, " %c %ld", &command, &n) < 1) {
            continue;
        }
        if (command == 'q') {
            break;
        } else if (command == 't') {
            timed('T', n, transmit);
        } else if (command == 'c') {
            timed('C', n, connectDisconnect);
        } else if (command == 'l') {
            timed('L', n, lockUnlock);
        } else if (command == 'd') {
            long long start = now();
            long long end = start + n * 1000000LL;
            long count = 0;
            long long t;
            do {
                transmit();
                count++;
                t = now();
            } while (t < end);
            printf("D %ld %lld\n", count, t - start);
            fflush(stdout);
        } else {
            printf("ERR unknown command %c 0x0\n", command);
            fflush(stdout);
        }
    }
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    return 0;
}
