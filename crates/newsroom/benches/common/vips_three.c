/*
 * The photos bench's reference (benches/photos.rs): libvips making the three renditions of one
 * photo in one process, as a program built on libvips would — each size by vips_thumbnail (which
 * shrinks while loading the JPEG), saved as a JPEG of the given quality without metadata.
 *
 * usage: vips_three PHOTO OUTDIR QUALITY WIDTH...
 * Built by the bench with `cc $(pkg-config --cflags --libs vips)` (Debian's libvips-dev).
 */
#include <stdio.h>
#include <stdlib.h>
#include <vips/vips.h>

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s PHOTO OUTDIR QUALITY WIDTH...\n", argv[0]);
        return 2;
    }
    if (VIPS_INIT(argv[0]))
        vips_error_exit(NULL);
    int quality = atoi(argv[3]);
    for (int i = 4; i < argc; i++) {
        int width = atoi(argv[i]);
        VipsImage *out = NULL;
        /* Wide enough, any height: the width decides, as in the app's renditions. */
        if (vips_thumbnail(argv[1], &out, width, "height", 10000000, NULL))
            vips_error_exit(NULL);
        char path[4096];
        snprintf(path, sizeof path, "%s/v%d.jpg", argv[2], width);
        if (vips_jpegsave(out, path, "Q", quality, "strip", TRUE, NULL))
            vips_error_exit(NULL);
        g_object_unref(out);
    }
    vips_shutdown();
    return 0;
}
