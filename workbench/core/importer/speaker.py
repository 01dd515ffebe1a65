"""The speaker line (署名) under a title: taken only when it reads as one.

A web page puts more than the speech between its title and the salutation: the site's
banner (青山县应急管理局欢迎您), a menu (政务服务　新闻动态　通知公告), a course advert
(注册安全工程师培训火热招生). A line is the speaker's only when it is

- a post and a name: 县委书记　王建国, 县委副书记、县长 李 明, 王建国同志;
- a name alone, led by a common surname: 李明, 王小明, 欧阳晓东;
- a unit: 青山县应急管理局, 中共青山县委办公室 (a speech given on a unit's behalf);

and never holds a word of a site or an advert (网, 欢迎, 培训, 报名, 点击, 扫码…). The
date in parentheses is read apart (`parse.py`). Anything else there is web chrome, and
the importer lists it under `ignored`.
"""

from __future__ import annotations

import re

#: Posts a speaker line may name (the last word of the post).
POST_WORDS = ("书记", "副书记", "县长", "市长", "区长", "州长", "镇长", "乡长", "主任", "局长",
              "部长", "厅长", "处长", "科长", "主席", "常委", "委员", "秘书长", "经理", "董事长",
              "校长", "院长", "所长", "站长", "队长", "组长", "指挥长", "总指挥", "会长", "理事长",
              "行长", "社长", "台长", "馆长", "检察长", "庭长", "政委", "司令员", "同志")

#: Common surnames (single and double) a bare name must start with.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
               "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫"
               "段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞"
               "颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
               "涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉"
               "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和"
               "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                   "司徒", "夏侯", "长孙", "宇文", "端木", "独孤")

#: Endings of a unit's name.
UNIT_ENDS = ("委员会", "人民政府", "政府", "县委", "市委", "区委", "州委", "党委", "党组", "党工委",
             "管理局", "局", "厅", "办公室", "委", "部", "院", "所", "中心", "公司", "集团", "协会",
             "联合会", "办", "署", "站", "队", "街道", "镇", "乡", "学校", "大学")

#: Words a banner, a menu or an advert has and a speaker line never does.
CHROME_WORDS = ("网", "欢迎", "您", "培训", "招生", "报名", "课程", "考试", "咨询", "热线", "优惠",
                "免费", "下载", "扫码", "关注", "公众号", "微信", "点击", "在线", "频道", "专题",
                "专栏", "推荐", "广告", "热点", "动态", "公告", "通知", "服务", "平台", "客户端",
                "登录", "注册", "订阅", "直播", "视频", "图片", "新闻", "资讯", "入口", "查询",
                "首页", "返回", "顶部", "关闭", "打印", "收藏", "分享", "要闻", "党建", "专区")

_HAN_NAME = r"[\u4e00-\u9fff]"
_POST = re.compile(rf"^(?P<post>[\u4e00-\u9fff、]{{0,24}}?(?:{'|'.join(POST_WORDS)}))"
                   rf"\u3000?(?P<name>{_HAN_NAME}[\u4e00-\u9fff·]{{1,3}})$")
_NAME_POST = re.compile(rf"^(?P<name>{_HAN_NAME}{{2,4}})同志$")
_SHAPE = re.compile(r"^[\u4e00-\u9fff·、\u3000 ]{2,30}$")


def read_speaker(text: str) -> str | None:
    """Return `text` as a speaker line (post and name joined by a full-width space, the
    name's spaces closed up), or None when it does not read as one."""
    line = text.strip()
    if not _SHAPE.match(line) or any(word in line for word in CHROME_WORDS):
        return None
    tokens = line.replace("\u3000", " ").split()
    # A spaced-out name (李 明, 欧阳 晓 东): single characters close up onto what precedes.
    words: list[str] = []
    for token in tokens:
        if words and len(token) == 1 and (len(words[-1]) < 3 or _is_name(words[-1])):
            words[-1] += token
        else:
            words.append(token)
    if len(words) > 2:
        return None  # a menu: 政务公开　机构设置　领导之窗
    if len(words) == 2:
        post, name = words
        if _ends_with_post(post) and _is_name(name):
            return f"{post}\u3000{name}"
        return None
    word = words[0]
    if _is_name(word) or (_NAME_POST.match(word) and _is_name(word[:-2])):
        return word
    match = _POST.match(word)
    if match and _is_name(match.group("name")):
        return f"{match.group('post')}\u3000{match.group('name')}"
    if 4 <= len(word) <= 24 and word.endswith(UNIT_ENDS):
        return word
    return None


def _ends_with_post(text: str) -> bool:
    return text.endswith(POST_WORDS)


def _is_name(text: str) -> bool:
    """True for a personal name: 2–3 characters led by a common surname (3–4 with a
    double surname), not itself a post or a unit. (Four-character given names are rare;
    a four-character line is far more often a slogan of the page: 安全第一.)"""
    if text.startswith(DOUBLE_SURNAMES):
        ok = 3 <= len(text) <= 4
    else:
        ok = 2 <= len(text) <= 3 and text[0] in SURNAMES
    return ok and not text.endswith(POST_WORDS) and not text.endswith(UNIT_ENDS)
