"""Simplified Chinese for one person registered at several sites (双报到): linking records."""

CATALOGUE: dict[str, str] = {
    "{first} and {second} are already linked": "{first} 和 {second} 已关联为同一人",
    "{first} and {second} are not linked": "{first} 和 {second} 没有关联",
    "{ref} cannot be linked to itself": "{ref} 不能与自己关联",
    "link {first} and {second}": "关联 {first} 和 {second}",
    "unlink {first} and {second}": "取消关联 {first} 和 {second}",
    "{name} {first} and {second} share phone {phone}; link them with"
    " `taskboard volunteer link {first} {second}`": (
        "{name} {first} 和 {second} 电话相同({phone});如是同一人,请用"
        " `taskboard volunteer link {first} {second}` 关联"
    ),
    "{n} more pairs share a phone: taskboard volunteer list --duplicates": (
        "另有 {n} 对记录电话相同:taskboard volunteer list --duplicates"
    ),
    "No unlinked records share a phone number.": "没有电话相同而未关联的记录。",
    "Linked {first} and {second}: one person": "已关联 {first} 和 {second}:同一人",
    "Unlinked {first} and {second}": "已取消关联 {first} 和 {second}",
    "Also": "同一人的其他登记",
    # the roster screen
    "also {refs}": "另见 {refs}",
    "Link {ref} with another record of the same person (reference)": (
        "把 {ref} 关联到同一人的另一条登记(编号)"
    ),
    "Unlink {ref} from which record?": "取消 {ref} 与哪条登记的关联?",
    "give a reference such as jingshan-v7": "请输入编号,如 jingshan-v7",
    "Link": "关联",
    "Unlink": "取消关联",
    "Link the highlighted volunteer with another record of the same person": (
        "把选中的志愿者关联到同一人的另一条登记"
    ),
    "Take back a link: two records are different people": "取消关联:两条登记不是同一人",
    "{ref} has no linked records": "{ref} 没有关联的登记",
}
