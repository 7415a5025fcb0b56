/* For tests under Debian 12's Wine 8.0 only, never shipped: Rust's standard library takes its
 * random numbers from ProcessPrng in bcryptprimitives.dll (Windows 10 and later have it), which
 * Wine gained only in 9.x. This stand-in gives the same bytes source Wine has: RtlGenRandom. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
