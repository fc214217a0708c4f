"""Simplified Chinese for the roster screen and the volunteer form."""

from taskboard.model.common import GROUP_NAMES

CATALOGUE: dict[str, str] = {
    # roster keys
    "Add a volunteer": "添加志愿者",
    "Edit the highlighted volunteer": "编辑选中的志愿者",
    "Remove": "删除",
    "Remove the highlighted volunteer (u brings them back)": "删除选中的志愿者(按 u 恢复)",
    "Search by name, reference, phone or notes": "按姓名、编号、电话或备注搜索",
    "Board": "看板",
    # roster table, filters and details
    "Search name, reference, phone, notes": "搜索姓名、编号、电话、备注",
    "{shown} of {total} volunteers": "{shown} / 共 {total} 名志愿者",
    "Any skill": "全部技能",
    "Any level": "全部等级",
    "Any group": "全部小组",
    "Any site": "全部社区",
    "Any time": "全部时间",
    "Level {level} or higher": "{level} 级及以上",
    "Active: any": "在岗:不限",
    "Active only": "只看在岗",
    "Inactive only": "只看不在岗",
    "{day} {part}": "{day}{part}",
    "Hours this month": "本月小时",
    "No assignments.": "暂无安排。",
    "No volunteer selected.": "未选中志愿者。",
    "expired": "已过期",
    "This record cannot be read: {error}": "无法读取这条记录:{error}",
    # groups
    **GROUP_NAMES,
    # roster messages and undo labels
    "add {ref}": "添加 {ref}",
    "edit {ref}": "编辑 {ref}",
    "remove {ref}": "删除 {ref}",
    "restore {ref}": "恢复 {ref}",
    "no volunteer {ref}": "没有志愿者 {ref}",
    "Added {ref} {name}": "已添加 {ref} {name}",
    "Saved {ref} {name}": "已保存 {ref} {name}",
    "Removed {ref} {name}. Press u to undo.": "已删除 {ref} {name}。按 u 撤销。",
    "Cannot undo": "无法撤销",
    # volunteer form
    "New volunteer": "新志愿者",
    "Edit {ref} {name}": "编辑 {ref} {name}",
    "e.g. {example}": "例如:{example}",
    "Weekly availability": "每周空闲时间",
    "Periods away": "外出时段",
    "Home site": "所属社区",
    "No home site": "无所属社区",
    "Minor (under 18)": "未成年(未满 18 岁)",
    "Consents to sharing details": "同意共享个人信息",
    "Check and save the volunteer": "检查并保存志愿者",
    "Close without saving (asks when there are changes)": "不保存并关闭(有改动时先确认)",
    # form reasons
    "must be digits, spaces or dashes (5 to 20 characters)": (
        "须为数字、空格或短横线(5 到 20 个字符)"
    ),
    "levels go from 1 to 3": "等级为 1 到 3",
    "must be at most 80 hours a week": "每周最多 80 小时",
    "a period ends before it starts": "有时段的结束早于开始",
    "unknown site {site}": "未知社区 {site}",
    "unknown skill {skills} (known: {known})": "未知技能 {skills}(可用:{known})",
    "“{value}”: expected SKILL:LEVEL, e.g. painting:2": "“{value}”:应为 技能:等级,例如 painting:2",
    "“{value}”: expected SKILL:EXPIRY, e.g. welding:2027-06-30": (
        "“{value}”:应为 技能:到期日,例如 welding:2027-06-30"
    ),
    "“{value}”: expected FROM:TO, e.g. 2026-12-01:2026-12-10": (
        "“{value}”:应为 开始:结束,例如 2026-12-01:2026-12-10"
    ),
    # discard dialog
    "Discard": "放弃",
    "Keep editing": "继续编辑",
    "Throw the changes away": "放弃修改",
    "Go back to the form": "回到表单",
    # importing an older sheet
    "{who}: {fields} changed after this sheet was exported ({exported}); importing it"
    " would undo that. Export the roster again, or use --force to overwrite": (
        "{who}:{fields} 在这张表导出({exported})之后又改过;导入会把改动改回去。"
        "请重新导出名册,或用 --force 覆盖"
    ),
}
