/* A Windows program that holds a file open the way an archive manager or a word processor does
 * (reading, sharing it for reading only: no other program may write, move or delete it) until its
 * standard input ends. Test-only, for the Wine journey (tests/it/windows.rs); built by
 * `make windows` with MinGW, never shipped. Prints "held" once the file is open.
 *   hold-file.exe FILE
 */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: hold-file FILE\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open: error %lu\n", GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    while (getchar() != EOF) {
    }
    CloseHandle(h);
    return 0;
}
