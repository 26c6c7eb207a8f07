/* For tests under Wine 8 (Debian 12) only, never shipped: Rust's standard library (1.78 and
 * later) takes its random bytes from ProcessPrng in bcryptprimitives.dll, which Windows 10 and
 * 11 have and Wine gained only in 9.x. This stand-in answers from RtlGenRandom (advapi32). */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
