# policy: default
# expect: {"same":true,"before":["a","b"],"after":["a"],"closed":["b","a"],"alive":true,"dead":true,"ws":0}
import gc
import weakref


class Image:
    def __init__(self, name):
        self.name = name


cache = weakref.WeakValueDictionary()
closed = []


def load(name):
    img = cache.get(name)
    if img is None:
        img = Image(name)
        cache[name] = img
        weakref.finalize(img, closed.append, name)
    return img


def main(inputs):
    a = load("a")
    b = load("b")
    same = load("a") is a
    before = sorted(cache.keys())
    del b
    gc.collect()
    after = sorted(cache.keys())
    r = weakref.ref(a)
    ws = weakref.WeakSet([a])
    alive = r() is a
    del a
    gc.collect()
    return {"same": same, "before": before, "after": after, "closed": closed,
            "alive": alive, "dead": r() is None, "ws": len(ws)}
