# policy: strict
# inputs: {"names": ["alpha", "beta"]}
# expect: {"alpha":"e200f71f-ae9a-5a95-a653-6eb7bdf18131","beta":"9f147f00-3f90-58f8-b8da-1446e6e2c30a"}
import uuid

def main(inputs):
    return {n: str(uuid.uuid5(uuid.NAMESPACE_DNS, n + ".example.com")) for n in inputs["names"]}
