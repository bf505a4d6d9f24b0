/* TEST TOOLING ONLY, never shipped: a bcryptprimitives.dll for the Wine prefix of installer/smoke.sh.
 *
 * QtPdf (PDFium, Chromium's base library) loads bcryptprimitives.dll and its ProcessPrng for
 * random numbers and stops the process if either is missing. Windows 10 and 11 have it; Wine
 * 8.0 does not. This one answers with the system generator (RtlGenRandom, advapi32's
 * SystemFunction036). Built with Debian's mingw-w64.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
