# policy: default
# inputs: {"freq": 440, "rate": 8000, "ms": 10}
# expect: {"riff":["RIFF",196,"WAVE"],"fmt":["fmt ",16,1,1,8000,16000,2,16],"params":[1,2,8000,80,"NONE"],"same":true,"first":[0,5549,10443,14101,16093],"swapped0":-21227,"byteorder":"little","recs":[[1,2],[3,4]],"err":"short format requires -32768 <= number <= 32767","calcsize":17,"native":13,"be":"00000401","signed":-257}
import array
import io
import math
import struct
import sys
import wave


def main(inputs):
    rate, n = inputs["rate"], inputs["rate"] * inputs["ms"] // 1000
    samples = array.array("h", (int(32767 * 0.5 * math.sin(2 * math.pi * inputs["freq"] * i / rate)) for i in range(n)))
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    raw = buf.getvalue()
    riff, size, fmt = struct.unpack_from("<4sI4s", raw, 0)
    chunk, clen, afmt, ch, sr, brate, align, bits = struct.unpack_from("<4sIHHIIHH", raw, 12)
    buf.seek(0)
    with wave.open(buf, "rb") as r:
        params = r.getparams()
        back = array.array("h", r.readframes(params.nframes))
    swapped = array.array("h", samples)
    swapped.byteswap()
    recs = list(struct.iter_unpack(">HB", bytes([0, 1, 2, 0, 3, 4])))
    try:
        struct.pack("<h", 40000)
    except struct.error as e:
        err = str(e)
    return {"riff": [riff.decode(), size, fmt.decode()], "fmt": [chunk.decode(), clen, afmt, ch, sr, brate, align, bits],
            "params": [params.nchannels, params.sampwidth, params.framerate, params.nframes, params.comptype],
            "same": back == samples, "first": samples[:5].tolist(), "swapped0": swapped[1], "byteorder": sys.byteorder,
            "recs": recs, "err": err, "calcsize": struct.calcsize("@iqc"), "native": struct.calcsize("=iqc"),
            "be": (1025).to_bytes(4, "big").hex(), "signed": int.from_bytes(b"\xff\xfe", "little", signed=True)}
