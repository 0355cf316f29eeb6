# policy: default
# inputs: {"files": ["report.xlsx", "photo.webp", "data.csv", "archive.tar.gz", "slides.pptx", "noext"]}
# expect: [["report.xlsx","application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",null],["photo.webp","image/webp",null],["data.csv","text/csv",null],["archive.tar.gz","application/x-tar","gzip"],["slides.pptx","application/vnd.openxmlformats-officedocument.presentationml.presentation",null],["noext",null,null]]
import mimetypes
def main(inputs):
    # An upload step labels attachments: the host's /etc/mime.types knows the Office and
    # WebP types that Python 3.11's built-in table lacks.
    return [[name, *mimetypes.guess_type(name)] for name in inputs["files"]]
