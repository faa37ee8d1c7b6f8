using System.Text.Json.Serialization.Metadata;

namespace ServiceTasks.Services;

/// <summary>
/// A setting sent as JSON null takes its default, as when it is left out. The settings are declared with the types
/// they are stored with (a timeout is an <c>int</c>, not an <c>int?</c>), so without this a null number or boolean
/// in a request body would be a binding error instead of "use the default".
/// </summary>
internal static class SettingsJson
{
    public static void NullMeansDefault(JsonTypeInfo info)
    {
        if (!typeof(ServiceSettings).IsAssignableFrom(info.Type)) return;
        for (var i = 0; i < info.Properties.Count; i++)
        {
            var member = info.Properties[i];
            if (!ServiceSettings.IsSetting(member.AttributeProvider as System.Reflection.PropertyInfo) || member.Set is not { } set) continue;

            var type = member.PropertyType;
            var readAs = type.IsValueType && Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;
            var lenient = readAs == type ? member : info.CreateJsonPropertyInfo(readAs, member.Name);
            lenient.Get = member.Get;
            lenient.Set = (target, value) => { if (value is not null) set(target, value); };
            lenient.Order = member.Order;
            info.Properties[i] = lenient;
        }
    }
}
